/// Decimal text for numbers in adjustment reasons and reports, without Foundation's formatter.
public enum FixedPoint {
    /// `x` with `places` digits after the point (at most 9), rounded half away from zero.
    public static func format(_ x: Double, places: Int = 2) -> String {
        if x.isNaN { return "NaN" }
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        let places = min(max(places, 0), 9)
        var scale: UInt64 = 1
        for _ in 0..<places { scale *= 10 }
        let scaled = x.magnitude * Double(scale) + 0.5
        guard scaled < 9.0e18 else { return "\(x)" }
        let units = UInt64(scaled)
        let whole = units / scale
        var text = x < 0 && units > 0 ? "-\(whole)" : "\(whole)"
        if places > 0 {
            let fraction = String(units % scale)
            text += "." + String(repeating: "0", count: places - fraction.count) + fraction
        }
        return text
    }
}
