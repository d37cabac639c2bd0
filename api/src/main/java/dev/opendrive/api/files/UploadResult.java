package dev.opendrive.api.files;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.opendrive.api.errors.ErrorCode;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record UploadResult(List<FileView> files, int success, int failed, List<UploadError> errors) {

    public record UploadError(String filename, String error, ErrorCode code) {
    }
}
