package exth;

import java.util.ArrayList;

public class Names extends ArrayList<String> {
    void addTwice(String s) {
        add(s);
        this.add(s);
        size();
        toString();
    }
}

class Worker extends Thread {
    @Override
    public void run() {
        setName("w");
        helper();
    }

    void helper() {
    }
}
