package main

type Named interface{ Name() string }

type User struct{ name string }

func (u *User) Name() string { return u.name }

func (u *User) Admin() bool { return false }

func check(n Named) bool {
	if u, ok := n.(*User); ok {
		return u.Admin()
	}
	return n.(*User).Admin()
}

func kind(v any) string {
	switch x := v.(type) {
	case *User:
		return x.Name()
	}
	return ""
}

func main() {
	check(&User{})
	kind(nil)
}
