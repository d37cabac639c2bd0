package dev.opendrive.api.files;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.opendrive.api.errors.ErrorCode;

/**
 * An upload's answer. {@code replaced} (added): the ids of the files in {@code files} whose earlier
 * content was kept as a version (onConflict=version); absent when none was.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UploadResult(List<FileView> files, int success, int failed, List<UploadError> errors,
        List<String> replaced) {

    public UploadResult(List<FileView> files, int success, int failed, List<UploadError> errors) {
        this(files, success, failed, errors, null);
    }

    public record UploadError(String filename, String error, ErrorCode code) {
    }
}
