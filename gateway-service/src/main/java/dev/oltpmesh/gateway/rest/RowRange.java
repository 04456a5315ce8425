package dev.oltpmesh.gateway.rest;

import dev.oltpmesh.gateway.web.GatewayException;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rows a PostgREST request asks for: {@code offset}/{@code limit} parameters, a
 * {@code Range: first-last} header ({@code Range-Unit: items}), or both, which PostgREST intersects.
 *
 * @param limit null when neither bounds the page
 */
public record RowRange(int offset, Integer limit) {

    private static final Pattern RANGE = Pattern.compile("(\\d{1,9})-(\\d{1,9})?");

    public static RowRange of(String offsetParam, String limitParam, String rangeHeader, String rangeUnit) {
        int offset = nonNegative("offset", offsetParam, 0);
        Integer limit = limitParam == null ? null : nonNegative("limit", limitParam, 0);
        if (rangeHeader == null || (rangeUnit != null && !rangeUnit.equalsIgnoreCase("items"))) {
            return new RowRange(offset, limit);
        }
        Matcher m = RANGE.matcher(rangeHeader.trim());
        if (!m.matches()) {
            throw GatewayException.rangeNotSatisfiable("Range '" + rangeHeader + "' is not first-last or first-, "
                    + "e.g. Range: 0-24");
        }
        int first = Integer.parseInt(m.group(1));
        Integer last = m.group(2) == null ? null : Integer.parseInt(m.group(2));
        if (last != null && last < first) {
            throw GatewayException.rangeNotSatisfiable("Range '" + rangeHeader + "' ends before it starts");
        }
        // The parameters' rows within the header's rows.
        long from = (long) first + offset;
        Long to = last == null ? null : (long) last;
        if (limit != null) {
            long paramsEnd = from + limit - 1;
            to = to == null ? paramsEnd : Math.min(to, paramsEnd);
        }
        if (from > Integer.MAX_VALUE) {
            throw GatewayException.rangeNotSatisfiable("Range '" + rangeHeader + "' starts too far");
        }
        return new RowRange((int) from, to == null ? null : (int) Math.max(0, to - from + 1));
    }

    /**
     * PostgREST's {@code Content-Range}: {@code first-last/total}, {@code *} for an unknown total and
     * for the first-last of an empty page.
     */
    public String contentRange(int rows, Long total) {
        String span = rows == 0 ? "*" : offset + "-" + (offset + rows - 1);
        return span + "/" + (total == null ? "*" : total);
    }

    private static int nonNegative(String name, String value, int otherwise) {
        if (value == null) {
            return otherwise;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // told below
        }
        throw GatewayException.invalidInput(name + " must be a whole number of at least 0");
    }
}
