package com.acme.client;

import com.acme.Service;

public class Client {
    public static void main(String[] args) {
        Service s = new Service();
        s.hello("bob");
    }
}
