package calc;

import static calc.ops.Ops.add;
import static calc.ops.Ops.*;
import static java.lang.Math.abs;

public class Calc {
    int run() {
        return add(1, 2) + mul(2, 3) + abs(-1);
    }
}
