package com.acme;

public class Service {
    public String hello(String who) {
        return greet() + who;
    }

    static String greet() {
        return "hi ";
    }
}
