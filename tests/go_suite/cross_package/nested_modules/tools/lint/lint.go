package lint

func Run() int { return check() }

func check() int { return 0 }
