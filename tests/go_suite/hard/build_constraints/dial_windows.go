//go:build windows

package main

type conn struct{}

func (c conn) close() {}

func dial(host string) {}
