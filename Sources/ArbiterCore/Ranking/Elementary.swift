/// Natural logarithm and exponential in plain Swift.
///
/// ArbiterCore does not link libm, and platform libms differ in the last bit, which would make
/// a seeded Thompson ranking differ between macOS and Linux. These are accurate to a few ulps.
enum Elementary {
    // ln 2 split so that k·ln2Hi is exact for |k| < 2²⁰ (fdlibm's constants).
    private static let ln2Hi = 6.93147180369123816490e-01
    private static let ln2Lo = 1.90821492927058770002e-10

    static func log(_ x: Double) -> Double {
        guard x > 0 else { return x == 0 ? -.infinity : .nan }
        guard x.isFinite else { return x }
        // x = m·2^e with m in [√½, √2), so s below stays small.
        var e = Double(x.exponent)
        var m = x.significand
        if m > 1.4142135623730951 {
            m *= 0.5
            e += 1
        }
        // log m = 2·atanh(s) = 2(s + s³/3 + s⁵/5 + …) for s = (m − 1)/(m + 1), |s| < 0.172:
        // eleven terms leave a relative error below 10⁻¹⁷.
        let s = (m - 1) / (m + 1)
        let z = s * s
        var series = 1.0 / 23
        series = series * z + 1.0 / 21
        series = series * z + 1.0 / 19
        series = series * z + 1.0 / 17
        series = series * z + 1.0 / 15
        series = series * z + 1.0 / 13
        series = series * z + 1.0 / 11
        series = series * z + 1.0 / 9
        series = series * z + 1.0 / 7
        series = series * z + 1.0 / 5
        series = series * z + 1.0 / 3
        series = series * z + 1
        return e * ln2Hi + (2 * s * series + e * ln2Lo)
    }

    static func exp(_ x: Double) -> Double {
        guard !x.isNaN else { return x }
        if x > 709.782712893384 { return .infinity }
        if x < -745.1332191019412 { return 0 }
        // x = k·ln 2 + r with |r| ≤ ½ln 2; e^x = 2^k · e^r.
        let scaled = x * 1.4426950408889634
        let k = Int(scaled < 0 ? scaled - 0.5 : scaled + 0.5)
        let r = (x - Double(k) * ln2Hi) - Double(k) * ln2Lo
        // Taylor series to r¹³/13!: the remainder is below 10⁻¹⁷ for |r| ≤ 0.347.
        var p = 1.0 / 6_227_020_800
        p = p * r + 1.0 / 479_001_600
        p = p * r + 1.0 / 39_916_800
        p = p * r + 1.0 / 3_628_800
        p = p * r + 1.0 / 362_880
        p = p * r + 1.0 / 40320
        p = p * r + 1.0 / 5040
        p = p * r + 1.0 / 720
        p = p * r + 1.0 / 120
        p = p * r + 1.0 / 24
        p = p * r + 1.0 / 6
        p = p * r + 0.5
        p = p * r + 1
        p = p * r + 1
        return Double(sign: .plus, exponent: k, significand: p)
    }
}
