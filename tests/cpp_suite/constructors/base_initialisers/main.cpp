// A derived constructor runs its base's constructor (named in the initialiser list) and its
// members' constructors.
class Buffer {
public:
    explicit Buffer(int size) : size_(size) {}
    int size() const { return size_; }

private:
    int size_;
};

class Stream {
public:
    explicit Stream(int fd) : fd_(fd) {}
    int fd() const { return fd_; }

private:
    int fd_;
};

class FileStream : public Stream {
public:
    FileStream(int fd, int size) : Stream(fd), buffer_(size) {}
    int capacity() const { return buffer_.size() + fd(); }

private:
    Buffer buffer_;
};

int main() {
    FileStream* f = new FileStream(3, 64);
    int c = f->capacity();
    delete f;
    return c;
}
