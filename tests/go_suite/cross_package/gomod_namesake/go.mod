module example.com/app

go 1.22

require github.com/other/util v1.2.0
