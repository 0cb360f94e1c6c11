public class Helper {
    void help() {
        banner();
    }

    static void banner() {
    }
}
