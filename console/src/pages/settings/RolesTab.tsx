export default function RolesTab() {
  return <div>RolesTab</div>;
}
