package util

func Do(s string) {}
