extension Elementary {
    /// ln(1 + x), without the cancellation of `log(1 + x)` for small x.
    static func log1p(_ x: Double) -> Double {
        let u = 1 + x
        // (u − 1) is exact, so x/(u − 1) corrects the rounding of 1 + x (Goldberg's trick).
        if u == 1 { return x }
        return log(u) * (x / (u - 1))
    }
}
