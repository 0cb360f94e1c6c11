package main

import (
	"github.com/pkg/errors"
	yaml "gopkg.in/yaml.v3"
)

func load(b []byte) error {
	var v map[string]any
	if err := yaml.Unmarshal(b, &v); err != nil {
		return errors.Wrap(err, "load")
	}
	return nil
}

func main() {
	load(nil)
}
