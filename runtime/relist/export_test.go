package relist

// SilentQuery is silentQuery, for tests.
var SilentQuery = silentQuery
