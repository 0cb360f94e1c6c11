enum Color {
  Red,
  Green,
}

class Palette {
  static pick(c: Color): string {
    return Palette.label(c);
  }
  static label(c: Color): string {
    return String(c);
  }
}

Palette.pick(Color.Red);
