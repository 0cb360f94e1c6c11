// Methods of standard types give no edges, even when the repository has a method of the
// same name; a repository class stored in a container is not looked through.
#include <map>
#include <string>
#include <vector>

class Box {
public:
    void push_back(int) {}
    int size() const { return 1; }
};

int count(std::vector<int>& v, std::map<std::string, int>& m) {
    v.push_back(1);
    m["a"] = 2;
    return static_cast<int>(v.size() + m.size());
}

int main() {
    std::vector<int> v;
    std::map<std::string, int> m;
    Box b;
    b.push_back(2);
    return count(v, m) + b.size();
}
