package dev.opendrive.api.json;

import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.NotNull;

/**
 * A JSON request body must be there: an empty body or a JSON {@code null} is answered with 400
 * INVALID_BODY (the error mapper tells this constraint from a field's by its annotation type). Put
 * it with {@code @Valid} on the body parameter of a resource method.
 */
@NotNull
@ReportAsSingleViolation
@Constraint(validatedBy = {})
@Documented
@Target(PARAMETER)
@Retention(RUNTIME)
public @interface RequiredBody {

    String message() default "A JSON object body is required";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
