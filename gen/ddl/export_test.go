package ddl

// SmallSchema gives the external tests the hand-built model.
var SmallSchema = smallSchema

// UpdateGolden reports whether the test run was asked to rewrite golden files.
func UpdateGolden() bool { return *update }
