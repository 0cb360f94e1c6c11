def tokenize(text):
    words = []
    for word in text.split(" "):
        if word:
            words.append(word)
    return words
