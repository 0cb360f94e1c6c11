// The linters, released on their own.
module example.com/tools // a nested module

go 1.22
