package dev.opendrive.api.sharing;

import java.util.Locale;

import dev.opendrive.api.errors.ApiException;
import dev.opendrive.api.errors.ErrorCode;

/** What a visitor may do through a link: look and download ("view"), or only upload into a folder ("drop"). */
public enum ShareMode {
    VIEW, DROP;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    static ShareMode parse(String raw) {
        if ("view".equals(raw)) {
            return VIEW;
        }
        if ("drop".equals(raw)) {
            return DROP;
        }
        throw ApiException.badRequest(ErrorCode.INVALID_SHARE_SETTINGS, "mode must be \"view\" or \"drop\"");
    }
}
