// Chained calls on returned references and pointers: a builder, a singleton.
class Request {
public:
    int send() const { return 200; }
};

class Builder {
public:
    Builder& header(int h) {
        headers_ += h;
        return *this;
    }
    Builder& body(int b) { return header(b); }
    Request build() const { return Request(); }

private:
    int headers_ = 0;
};

class Config {
public:
    static Config& instance() {
        static Config config;
        return config;
    }
    Builder* builder() { return &builder_; }

private:
    Builder builder_;
};

int main() {
    Builder b;
    int status = b.header(1).body(2).build().send();
    Config::instance().builder()->header(3);
    return status;
}
