package ui;

public class Panel {
    void repaint() {
    }

    class Button {
        void click() {
            Panel.this.repaint();
            repaint();
        }
    }

    static class Factory {
        static Panel.Button make(Panel p) {
            return p.new Button();
        }
    }

    void test() {
        Button b = Factory.make(this);
        b.click();
        Panel.Factory.make(this).click();
    }
}
