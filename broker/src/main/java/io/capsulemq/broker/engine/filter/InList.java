package io.capsulemq.broker.engine.filter;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code [NOT] IN ('a', 'b')} on a property: unknown when the property is absent (for {@code NOT IN} too), otherwise
 * whether its string is (is not) one of the listed strings, exactly and case-sensitively.
 */
final class InList implements Node {
    private final Property property;
    private final Set<String> values;
    private final boolean negated;

    InList(Property property, List<String> values, boolean negated) {
        this.property = property;
        this.values = Collections.unmodifiableSet(new LinkedHashSet<>(values));
        this.negated = negated;
    }

    @Override
    public Object evaluate(Map<String, String> properties) {
        Object value = property.evaluate(properties);
        if (!(value instanceof String s)) {
            return null;
        }
        return values.contains(s) != negated ? Boolean.TRUE : Boolean.FALSE;
    }

    @Override
    public boolean isCondition() {
        return true;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("(").append(property).append(negated ? " NOT IN (" : " IN (");
        String separator = "";
        for (String v : values) {
            sb.append(separator).append(new Literal(v, true));
            separator = ", ";
        }
        return sb.append("))").toString();
    }
}
