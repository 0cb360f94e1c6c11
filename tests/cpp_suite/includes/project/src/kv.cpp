#include <store/kv.hpp>

namespace store {

void KeyValue::put(const std::string& key, int value) { data_[key] = value; }

int KeyValue::get(const std::string& key) const {
    auto found = data_.find(key);
    return found == data_.end() ? 0 : found->second;
}

KeyValue KeyValue::open(const std::string& name) {
    KeyValue kv;
    kv.put(name, 0);
    return kv;
}

}  // namespace store
