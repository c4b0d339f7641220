// `dynarock deploy`: applies a CloudFormation template's DynamoDB tables to
// a running server (see RunDeploy's help text, `dynarock deploy --help`).
#ifndef DYNAROCK_TOOLS_DEPLOY_DEPLOY_H_
#define DYNAROCK_TOOLS_DEPLOY_DEPLOY_H_

namespace dynarock::deploy {

// Runs the subcommand: argv[0] is "deploy", the rest its arguments. Prints
// progress on stdout and errors on stderr; returns the exit status (0
// success, 1 a template or server error, 2 a bad command line).
int RunDeploy(int argc, char** argv);

}  // namespace dynarock::deploy

#endif  // DYNAROCK_TOOLS_DEPLOY_DEPLOY_H_
