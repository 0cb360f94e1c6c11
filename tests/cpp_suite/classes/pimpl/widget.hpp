// The pointer-to-implementation idiom: the nested class is defined in the source file.
#pragma once
#include <memory>

class Widget {
public:
    Widget();
    ~Widget();
    int draw();

private:
    class Impl;
    std::unique_ptr<Impl> impl_;
};
