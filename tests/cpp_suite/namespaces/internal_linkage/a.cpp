// Each file has its own internal `helper` and `check`: calls stay in the file.
namespace {
int helper() { return 1; }
}  // namespace

static int check() { return 2; }

int from_a() { return helper() + check(); }
