package gen

import (
	"strings"

	"github.com/stripesync/stripesync/openapi"
)

// Facts about list and retrieve endpoints that the spec states, derived here
// so the runtime reads them from the registry instead of hard-coding them
// for one API version. Pagination is ListOp.Unpaginated (openapi).

// testClockParam is the list filter taking a test clock's id. A top-level
// list that declares it leaves out objects attached to a test clock unless
// given one, so the runtime lists it once more per test clock.
const testClockParam = "test_clock"

// testClock returns the test clock filter of a top-level list and the table
// of the test clocks it takes, or "" when the list has no such filter or
// test clocks have no table.
func testClock(api *openapi.API, op *openapi.ListOp, resTables map[string]string) (param, table string) {
	if op.Param(testClockParam) == nil {
		return "", ""
	}
	table = resTables[resourceNamed(api, testClockParam, op.Path)]
	if table == "" {
		return "", ""
	}
	return testClockParam, table
}

// retrievePath picks the spec's GET endpoint retrieving one object of r by
// its id alone (one path parameter): the one under the first top-level list
// that has one (/v1/balance_transactions/{id} over the /v1/balance/history
// alias), else the first. It is "" when every retrieve endpoint needs a
// parent id too, or there is none (billing portal sessions, discounts).
func retrievePath(r *openapi.Resource, lists []plannedList) string {
	var byID []string
	for _, p := range r.RetrievePaths {
		if strings.Count(p, "{") == 1 {
			byID = append(byID, p)
		}
	}
	if len(byID) == 0 {
		return ""
	}
	for _, l := range lists {
		if l.parent.resource != "" {
			continue
		}
		for _, p := range byID {
			if p[:strings.LastIndexByte(p, '/')] == l.op.Path {
				return p
			}
		}
	}
	return byID[0]
}
