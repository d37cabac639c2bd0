// Runs once, when the mongo container starts on an empty mongo-data volume (the image's
// docker-entrypoint-initdb.d). OpenDrive connects as this account, which can read and write its own
// database only; the root account from MONGO_ROOT_USERNAME stays for the operator (backups, shell).
const database = process.env.MONGO_APP_DATABASE || 'opendrive';
db.getSiblingDB(database).createUser({
  user: process.env.MONGO_APP_USERNAME,
  pwd: process.env.MONGO_APP_PASSWORD,
  roles: [{ role: 'readWrite', db: database }],
});
