const Logger = class {
  write(m) {
    return format(m);
  }
};

function format(m) {
  return m;
}

class App {
  logger = new Logger();
  onClick = () => this.logger.write('click');
}

const app = new App();
app.onClick();
