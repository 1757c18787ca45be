package io.milvusgitops.daemon.git;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Orders tag names as people read them: {@code fleet-v10} after {@code fleet-v9} (numbers by value, words by text). */
final class TagOrder {

    private static final Pattern TOKEN = Pattern.compile("\\d+|\\D+");

    private TagOrder() {
    }

    static int compare(String a, String b) {
        List<String> x = tokens(a);
        List<String> y = tokens(b);
        for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
            String p = x.get(i);
            String q = y.get(i);
            int c;
            if (Character.isDigit(p.charAt(0)) && Character.isDigit(q.charAt(0))) {
                c = new BigInteger(p).compareTo(new BigInteger(q));
            } else {
                c = p.compareTo(q);
            }
            if (c != 0) return c;
        }
        return Integer.compare(x.size(), y.size());
    }

    private static List<String> tokens(String s) {
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(s);
        while (m.find()) out.add(m.group());
        return out;
    }
}
