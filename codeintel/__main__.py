from codeintel.cli import app

app(prog_name="codeintel")
