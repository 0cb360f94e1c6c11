public class Main {
    public static void main(String[] args) {
        Helper h = new Helper();
        h.help();
        Helper.banner();
    }
}
