package unk;

import java.util.*;

public class U {
    void f(Deque<String> d, Object o) {
        d.push("x");
        o.toString();
        var v = d.peek();
        v.length();
    }
}
