// The Express 4 copy installed as "express-v4" (npm:express@4.22.1); its API matches @types/express for what the tests use.
declare module "express-v4" {
  import express from "express";
  export default express;
}
