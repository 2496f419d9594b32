package io.capsulemq.broker.registration;

/** A NameServer refused a registration, or could not be reached in time. */
public final class RegistrationException extends Exception {
    RegistrationException(String message, Throwable cause) {
        super(message, cause);
    }
}
