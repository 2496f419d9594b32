package io.capsulemq.broker.engine.filter;

/** The two expression languages a RocketMQ subscription can use, named as on the wire. */
public enum FilterType {
    /** Tags separated by {@code ||}; {@code *} for all. */
    TAG,
    /** A condition over the message properties in RocketMQ's SQL92 subset. */
    SQL92;

    /**
     * The type a subscription's expression type names: null, empty or {@code TAG} is {@link #TAG}, {@code SQL92} is
     * {@link #SQL92}, exactly as RocketMQ's {@code ExpressionType} spells them (case-sensitive).
     *
     * @throws IllegalArgumentException for any other name
     */
    public static FilterType forName(String name) {
        if (name == null || name.isEmpty() || name.equals(TAG.name())) {
            return TAG;
        }
        if (name.equals(SQL92.name())) {
            return SQL92;
        }
        throw new IllegalArgumentException("unknown filter type \"" + name + "\": expected TAG or SQL92");
    }
}
