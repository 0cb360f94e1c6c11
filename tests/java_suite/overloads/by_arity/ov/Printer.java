package ov;

public class Printer {
    void print() {
        print("");
    }

    void print(String s) {
        print(s, 1);
    }

    void print(String s, int times) {
    }

    void use() {
        print();
        print("a");
        print("a", 2);
        emit(1);
    }

    void emit(int a) {
    }

    void emit(int a, int b) {
    }
}
