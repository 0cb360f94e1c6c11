package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strings"
)

func handler(w http.ResponseWriter, r *http.Request) {
	data, _ := json.Marshal(map[string]int{"a": 1})
	w.Write(data)
}

func main() {
	var b strings.Builder
	b.WriteString("x")
	items := []int{}
	items = append(items, len(items))
	fmt.Println(strings.ToUpper(b.String()))
	http.HandleFunc("/", handler)
	if err := http.ListenAndServe(":8080", nil); err != nil {
		os.Exit(1)
	}
}
