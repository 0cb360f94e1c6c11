// A key-value store, declared under include/ and used with `-Iinclude`.
#pragma once
#include <map>
#include <string>

namespace store {

class KeyValue {
public:
    void put(const std::string& key, int value);
    int get(const std::string& key) const;
    static KeyValue open(const std::string& name);

private:
    std::map<std::string, int> data_;
};

}  // namespace store
