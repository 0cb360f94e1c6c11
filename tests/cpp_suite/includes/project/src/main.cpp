#include "store/kv.hpp"

using namespace store;

int main() {
    KeyValue kv = KeyValue::open("db");
    kv.put("a", 1);
    return kv.get("a") - 1;
}
