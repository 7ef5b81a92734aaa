package dev.samsa.errors;

/**
 * A broker could not read the principal of a forwarded request; the cluster's security setup is inconsistent. Kafka
 * error code {@code 97}, {@link ErrorCode#PRINCIPAL_DESERIALIZATION_FAILURE}. Fatal.
 */
public class PrincipalDeserializationException extends ApiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the entity concerned
     */
    public PrincipalDeserializationException(String message) {
        super(ErrorCode.PRINCIPAL_DESERIALIZATION_FAILURE, message);
    }

    /**
     * @param message what failed, naming the entity concerned
     * @param cause the underlying failure, or {@code null}
     */
    public PrincipalDeserializationException(String message, Throwable cause) {
        super(ErrorCode.PRINCIPAL_DESERIALIZATION_FAILURE, message, cause);
    }
}
