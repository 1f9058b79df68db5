extension SeededRandom {
    /// Uniform in [0, 1), on the 2⁻⁵³ grid.
    public mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// Uniform in (0, 1], safe to take the logarithm of.
    public mutating func nextOpenUnit() -> Double {
        Double((next() >> 11) + 1) * 0x1p-53
    }

    /// Standard normal, by the polar form of Box–Muller (no trigonometry, so no libm).
    public mutating func nextNormal() -> Double {
        if let spare = spareNormal {
            spareNormal = nil
            return spare
        }
        var u: Double
        var v: Double
        var s: Double
        repeat {
            u = 2 * nextUnit() - 1
            v = 2 * nextUnit() - 1
            s = u * u + v * v
        } while s >= 1 || s == 0
        let factor = (-2 * Elementary.log(s) / s).squareRoot()
        spareNormal = v * factor
        return u * factor
    }

    public mutating func nextNormal(mean: Double, standardDeviation: Double) -> Double {
        mean + standardDeviation * nextNormal()
    }

    /// Gamma(shape, 1) by Marsaglia and Tsang's method; 0 for a shape that is not positive.
    public mutating func nextGamma(shape: Double) -> Double {
        guard shape > 0 else { return 0 }
        guard shape.isFinite else { return .infinity }
        if shape < 1 {
            // Gamma(a) = Gamma(a + 1) · U^(1/a): the squeeze below needs a ≥ 1.
            let boost = Elementary.exp(Elementary.log(nextOpenUnit()) / shape)
            return nextGamma(shape: shape + 1) * boost
        }
        let d = shape - 1.0 / 3
        let c = 1 / (9 * d).squareRoot()
        while true {
            var x: Double
            var v: Double
            repeat {
                x = nextNormal()
                v = 1 + c * x
            } while v <= 0
            v = v * v * v
            let u = nextOpenUnit()
            let x2 = x * x
            // The cheap squeeze accepts about 98% of draws without a logarithm.
            if u < 1 - 0.0331 * x2 * x2 { return d * v }
            if Elementary.log(u) < 0.5 * x2 + d * (1 - v + Elementary.log(v)) { return d * v }
        }
    }

    /// Beta(alpha, beta) as X/(X + Y) for X ~ Gamma(alpha), Y ~ Gamma(beta).
    ///
    /// A shape of 0 is the degenerate limit: Beta(0, b) is 0 and Beta(a, 0) is 1.
    public mutating func nextBeta(_ alpha: Double, _ beta: Double) -> Double {
        let x = nextGamma(shape: alpha)
        let y = nextGamma(shape: beta)
        let total = x + y
        if total > 0 && total.isFinite { return x / total }
        // Both draws underflowed (tiny shapes) or overflowed: fall back to the mean.
        let shapes = max(alpha, 0) + max(beta, 0)
        return shapes > 0 && shapes.isFinite ? max(alpha, 0) / shapes : 0.5
    }
}
