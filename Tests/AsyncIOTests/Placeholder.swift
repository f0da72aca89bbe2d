import Testing
@testable import AsyncIO
