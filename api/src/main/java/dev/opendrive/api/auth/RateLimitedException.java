package dev.opendrive.api.auth;

import dev.opendrive.api.errors.ApiException;
import dev.opendrive.api.errors.ErrorCode;

/** 429 with the numbers the mapper turns into Retry-After and RateLimit-* headers. */
public class RateLimitedException extends ApiException {

    private final RateLimiter.Decision decision;

    public RateLimitedException(RateLimiter.Decision decision) {
        super(429, ErrorCode.RATE_LIMITED, "Too many authentication attempts, please try again after 15 minutes");
        this.decision = decision;
    }

    /** (added) For limits other than logins (e.g. share passwords), with their own message. */
    public RateLimitedException(RateLimiter.Decision decision, String message) {
        super(429, ErrorCode.RATE_LIMITED, message);
        this.decision = decision;
    }

    public RateLimiter.Decision decision() {
        return decision;
    }
}
