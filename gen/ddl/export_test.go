package ddl

// SmallSchema gives the external tests the hand-built model.
var SmallSchema = smallSchema
