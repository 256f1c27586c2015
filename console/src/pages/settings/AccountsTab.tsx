export default function AccountsTab() {
  return <div>AccountsTab</div>;
}
