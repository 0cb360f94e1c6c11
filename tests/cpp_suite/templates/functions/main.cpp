// Function templates, called with and without explicit template arguments.
template <typename T>
T biggest(T a, T b) {
    return a > b ? a : b;
}

template <typename T, int N>
T sum(const T (&values)[N]) {
    T total{};
    for (int i = 0; i < N; ++i) {
        total = total + values[i];
    }
    return total;
}

template <typename T>
T clamp_to(T v, T hi) {
    return biggest<T>(v, hi) == v ? hi : v;
}

int main() {
    int values[3] = {1, 2, 3};
    return biggest(1, 2) + sum(values) + clamp_to<int>(5, 3);
}
