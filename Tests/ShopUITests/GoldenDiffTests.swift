import CustomDump
import Testing

/// The goldens and whole-state comparisons use `expectNoDifference`, which reports through
/// IssueReporting. On Linux it reaches Swift Testing only through IssueReportingTestSupport
/// (Package.swift); without it a difference is printed and the test still passes.
@Suite struct GoldenDiffTests {
    @Test func aDifferenceFailsTheTest() {
        withKnownIssue("a difference must be recorded as an issue, not only printed") {
            expectNoDifference(["the same line", "one line"], ["the same line", "another line"])
        }
    }
}
