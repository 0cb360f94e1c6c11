namespace {
int helper() { return 3; }
}  // namespace

static int check() { return 4; }

int from_a();

int main() { return helper() + check() + from_a(); }
